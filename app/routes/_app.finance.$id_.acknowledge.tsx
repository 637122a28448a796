import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FieldError, FormErrors, TextField, useStaffForm } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { requireAccess, requireIntent } from "~/modules/auth/guards.server";
import { can } from "~/modules/auth/permissions";
import type { RouteAccess } from "~/modules/auth/route-access";
import { ScanAcknowledgmentSchema, TabletAcknowledgmentSchema } from "~/modules/finance/acknowledgment.schema";
import { acknowledgeDisclosure, disclosuresToAcknowledge, SCAN_MAX_BYTES } from "~/modules/finance/disclosure-records.server";
import { DISCLOSURE_MEDIUM_LABELS } from "~/modules/finance/finance-labels";
import { formatDateTime, fromLondonLocal, toLondonLocal } from "~/utils/dates";
import { errorsFor } from "~/utils/form-reply";
import { readForm } from "~/utils/form.server";
import { forbidden, notFound } from "~/utils/http.server";
import { isUuid } from "~/utils/ids";
import { formatPounds } from "~/utils/money";
import { uuidParam } from "~/utils/params.server";
import { submissionOf } from "~/utils/submission.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Acknowledge disclosure ${data?.reference ?? ""} · Laguna Admin` }];

// The page handed to the customer on the shop's tablet, or used to upload their signed paper copy.
export const access = { loader: "finance:edit", intents: { tablet: "finance:edit", scan: "finance:edit" } } as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const page = isUuid(params.id) ? await disclosuresToAcknowledge(user, params.id, new URL(request.url).searchParams.get("disclosure")) : null;
  if (!page) notFound("That deal doesn't exist, or isn't in your branches.");
  if (!can(user, access.loader, page.branchId)) forbidden("You can record acknowledgments only for deals in your own branches.");
  return { ...page, now: toLondonLocal(new Date()) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // A scan may be up to 5 MB: this form alone takes a larger body than the 1 MB default.
  const { actor, intent, formData } = await requireIntent({ request, context }, access.intents, (body) => readForm(body, { maxBytes: SCAN_MAX_BYTES + 256 * 1024 }));
  const once = submissionOf(actor, formData);
  const dealId = uuidParam(params);
  if (intent === "tablet") {
    const submission = parseWithZod(formData, { schema: TabletAcknowledgmentSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const result = await acknowledgeDisclosure({ actor, dealId, disclosureId: submission.value.disclosureId, method: "tablet", typedName: submission.value.typedName, once });
    if (!result.ok) return data({ intent, result: submission.reply(errorsFor(result)) }, { status: result.status ?? 400 });
    return redirectWithToast(`/finance/${dealId}`, "Acknowledged on the tablet. Thank you.");
  }
  const submission = parseWithZod(formData, { schema: ScanAcknowledgmentSchema });
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  const file = formData.get("scan");
  const bytes = file instanceof Blob ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
  const fileName = file instanceof File ? file.name : "scan";
  const result = await acknowledgeDisclosure({ actor, dealId, disclosureId: submission.value.disclosureId, method: "paper_scan", signedAt: fromLondonLocal(submission.value.signedAt), scan: { bytes, fileName }, once });
  if (!result.ok) return data({ intent, result: submission.reply(errorsFor(result)) }, { status: result.status ?? 400 });
  return redirectWithToast(`/finance/${dealId}`, "Signed copy uploaded.");
}

type ActionData = { intent: string; result: SubmissionResult<string[]> } | undefined;

export default function AcknowledgePage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData;
  const d = page.disclosure;
  return (
    <>
      <p>
        <Link to={`/finance/${page.id}`}>← {page.reference}</Link>
      </p>
      <h1>The commission disclosure: {page.reference}</h1>
      {!d ? (
        <p className="empty">{page.signed ? "This deal is signed." : "Every disclosure on this deal has been acknowledged, or none has been given yet."}</p>
      ) : (
        <div className="two-columns">
          <section className="panel" aria-labelledby="ack-document">
            <h2 id="ack-document">What you were given</h2>
            <p>
              {page.customerName}: on {formatDateTime(d.givenAt)} ({DISCLOSURE_MEDIUM_LABELS[d.medium].toLowerCase()}) we told you how we are paid, that we are a credit broker and not a lender, our ties to lenders, and that {d.lenderName} would likely pay us {formatPounds(d.estimatedCommissionPence)} in commission.
            </p>
            <p>
              <a className="button" href={`/finance/disclosures/${d.id}/document.pdf`}>
                Open the document (PDF)
              </a>
            </p>
          </section>
          <div className="action-stack">
            <TabletForm disclosureId={d.id} actionData={actionData} />
            <ScanForm disclosureId={d.id} now={page.now} actionData={actionData} />
          </div>
        </div>
      )}
    </>
  );
}

function TabletForm({ disclosureId, actionData }: { disclosureId: string; actionData: ActionData }) {
  const [form, fields] = useStaffForm<Record<string, string>>({ id: "tablet", lastResult: actionData?.intent === "tablet" ? actionData.result : undefined });
  return (
    <section className="panel" aria-labelledby="ack-tablet">
      <h2 id="ack-tablet">Customer: acknowledge on this tablet</h2>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="tablet" />
        <input type="hidden" name="disclosureId" value={disclosureId} />
        <TextField label="Your full name" field={fields.typedName!} inputProps={{ autoComplete: "off" }} />
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" name="confirmed" value="on" aria-describedby={fields.confirmed!.errorId} /> I have been given this document and have read it
          </label>
          <FieldError id={fields.confirmed!.errorId} errors={fields.confirmed!.errors} />
        </div>
        <SubmitButton className="button primary">
          Acknowledge
        </SubmitButton>
      </Form>
    </section>
  );
}

function ScanForm({ disclosureId, now, actionData }: { disclosureId: string; now: string; actionData: ActionData }) {
  const [form, fields] = useStaffForm<Record<string, string>>({ id: "scan", lastResult: actionData?.intent === "scan" ? actionData.result : undefined, defaultValue: { signedAt: now } });
  return (
    <details className="panel action-panel" open={actionData?.intent === "scan"}>
      <summary>Staff: upload the copy signed on paper</summary>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="scan" />
        <input type="hidden" name="disclosureId" value={disclosureId} />
        <div className="field">
          <label htmlFor="scan-file">Scan of the signed document</label>
          <p className="hint" id="scan-file-hint">
            PDF, JPEG or PNG, up to 5 MB.
          </p>
          <input id="scan-file" type="file" name="scan" accept="application/pdf,image/jpeg,image/png" aria-describedby={`scan-file-hint ${fields.scan?.errorId ?? ""}`} />
          <FieldError id={fields.scan?.errorId ?? "scan-error"} errors={fields.scan?.errors} />
        </div>
        <TextField label="Signed at" field={fields.signedAt!} inputProps={{ type: "datetime-local" }} />
        <SubmitButton className="button primary">
          Upload signed copy
        </SubmitButton>
      </Form>
    </details>
  );
}
