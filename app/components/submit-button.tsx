import { useNavigation, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState, type ButtonHTMLAttributes, type ReactNode } from "react";
import { SUBMISSION_TOKEN_FIELD } from "~/utils/submission";

/** The submit event that sent each form, while its submission is in flight: a later one is stopped. */
const inFlight = new WeakMap<HTMLFormElement, Event>();

/**
 * Every form's submit button. It carries the page's submission token (so the server turns a repeat into
 * the first result), says "Saving…" with aria-busy while its form is being sent, and can't send the form
 * twice: a second click (or Enter) before the answer is stopped in the browser, before Remix sees it.
 */
export function SubmitButton(
  props: {
    children: ReactNode;
    /** What the button says while its form is sent. */
    pendingLabel?: ReactNode;
  } & Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type" | "children">,
) {
  const { children, pendingLabel = "Saving…", className = "button primary", ...rest } = props;
  const token = (useRouteLoaderData("routes/_app") as { submissionToken?: string } | undefined)?.submissionToken;
  const navigation = useNavigation();
  const button = useRef<HTMLButtonElement>(null);
  const [sent, setSent] = useState(false);
  const idle = navigation.state === "idle";
  const busy = useRef(false);
  busy.current = !idle;

  useEffect(() => {
    const form = button.current?.form;
    if (!form) return;
    const onSubmit = (event: Event) => {
      const claimed = inFlight.get(form);
      if (claimed && claimed !== event) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      inFlight.set(form, event);
      if ((event as SubmitEvent).submitter === button.current) setSent(true);
      // A submit the page itself stopped (a "Really?" answered No) never starts a navigation: let go.
      window.setTimeout(() => {
        if (busy.current || inFlight.get(form) !== event) return;
        inFlight.delete(form);
        setSent(false);
      }, 600);
    };
    form.addEventListener("submit", onSubmit);
    return () => form.removeEventListener("submit", onSubmit);
  }, []);

  // The answer came (a redirect, or the form back with its errors): the form may be sent again.
  useEffect(() => {
    if (!idle) return;
    const form = button.current?.form;
    if (form) inFlight.delete(form);
    setSent(false);
  }, [idle]);

  const pending = sent && !idle;
  return (
    <>
      {token ? <input type="hidden" name={SUBMISSION_TOKEN_FIELD} value={token} /> : null}
      <button {...rest} ref={button} type="submit" className={className} disabled={pending || rest.disabled} aria-busy={pending || undefined}>
        {pending ? pendingLabel : children}
      </button>
    </>
  );
}
