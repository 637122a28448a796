import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/form";
import { formatDateTime } from "~/utils/dates";
import { ActionPanel, TextArea, useActionForm, type LastResult } from "./lender-forms";
import { SubmitButton } from "~/components/submit-button";

// The admin settings on the documents page: the regulatory status wording and the commission review
// thresholds, each a history of versions where the newest wins. Browser-safe.

interface StatusValue {
  text: string;
}
interface ThresholdValues {
  chargeForCreditPercent: number;
  creditPercent: number;
}
interface Current<V> {
  value: V;
  version: number;
  createdAt: Date | null;
}
interface Version {
  id: string;
  version: number;
  value: unknown;
  createdAt: Date;
  createdBy: string | null;
}

const thresholdsText = (value: ThresholdValues) => `${value.chargeForCreditPercent}% of the charge for credit, or ${value.creditPercent}% of the credit`;

function Saved({ current }: { current: Current<unknown> }) {
  if (current.version === 0 || !current.createdAt) return <p className="hint">The built-in default: no admin has saved a version yet.</p>;
  return (
    <p className="hint">
      Version {current.version}, saved {formatDateTime(current.createdAt)}.
    </p>
  );
}

function History({ versions, show }: { versions: Version[]; show: (value: unknown) => string }) {
  if (versions.length < 2) return null;
  return (
    <details>
      <summary>Earlier versions ({versions.length - 1})</summary>
      <ol className="timeline">
        {versions.slice(1).map((version) => (
          <li key={version.id}>
            <time dateTime={new Date(version.createdAt).toISOString()}>{formatDateTime(version.createdAt)}</time> version {version.version}
            {version.createdBy ? ` by ${version.createdBy}` : ""}
            <p className="notes">{show(version.value)}</p>
          </li>
        ))}
      </ol>
    </details>
  );
}

export function StatusPanel(props: { current: Current<StatusValue> & { problem: string | null }; versions: Version[]; canEdit: boolean; lastResult: LastResult }) {
  const { current } = props;
  const [form, fields] = useActionForm(`status-${current.version}`, props.lastResult, { text: current.value.text });
  return (
    <section className="panel" aria-labelledby="status-title">
      <h2 id="status-title">Regulatory status wording</h2>
      <p className="hint">Shown on disclosure documents, the public offers pages and each deal&apos;s evidence pack.</p>
      <p className="notes">{current.value.text}</p>
      <Saved current={current} />
      {current.problem ? (
        <p className="form-errors" role="alert">
          It no longer agrees with the tie register: {current.problem}
        </p>
      ) : null}
      <History versions={props.versions} show={(value) => (value as StatusValue).text} />
      {props.canEdit ? (
        <ActionPanel title="Change the wording" open={Boolean(props.lastResult)}>
          <Form method="post" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="save-status" />
            <input type="hidden" name="basedOnVersion" value={current.version} />
            <FormErrors id={form.errorId} errors={form.errors} />
            <TextArea label="Wording" field={fields.text!} rows={7} hint='Must say "credit broker", "not a lender" and, while a tie is in force, "not independent".' />
            <SubmitButton className="button primary">
              Save a new version
            </SubmitButton>
          </Form>
        </ActionPanel>
      ) : null}
    </section>
  );
}

export function ThresholdsPanel(props: { current: Current<ThresholdValues>; versions: Version[]; canEdit: boolean; lastResult: LastResult }) {
  const { current } = props;
  const [form, fields] = useActionForm(`thresholds-${current.version}`, props.lastResult, {
    chargeForCreditPercent: String(current.value.chargeForCreditPercent),
    creditPercent: String(current.value.creditPercent),
  });
  return (
    <section className="panel" aria-labelledby="thresholds-title">
      <h2 id="thresholds-title">Commission review thresholds</h2>
      <p>An admin reviews a deal before signing when its commission reaches {thresholdsText(current.value)}.</p>
      <Saved current={current} />
      <History versions={props.versions} show={(value) => thresholdsText(value as ThresholdValues)} />
      {props.canEdit ? (
        <ActionPanel title="Change the thresholds" open={Boolean(props.lastResult)}>
          <Form method="post" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="save-thresholds" />
            <input type="hidden" name="basedOnVersion" value={current.version} />
            <FormErrors id={form.errorId} errors={form.errors} />
            <div className="form-grid">
              <TextField label="Share of the charge for credit (%)" field={fields.chargeForCreditPercent!} inputProps={{ inputMode: "decimal", required: true }} />
              <TextField label="Share of the credit (%)" field={fields.creditPercent!} inputProps={{ inputMode: "decimal", required: true }} />
            </div>
            <SubmitButton className="button primary">
              Save a new version
            </SubmitButton>
          </Form>
        </ActionPanel>
      ) : null}
    </section>
  );
}
