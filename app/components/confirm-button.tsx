import { useRef, type ReactNode } from "react";
import { SubmitButton } from "./submit-button";

/**
 * A destructive submit that asks first. The dialog's confirm button is the real submit button of the
 * surrounding form, so without JavaScript the form still works (the server never relies on the dialog).
 */
export function ConfirmButton(props: {
  label: string;
  title: string;
  children: ReactNode;
  confirmLabel?: string;
  name?: string;
  value?: string;
  danger?: boolean;
  /** Names the dialog when one page has several buttons of the same label. */
  id?: string;
  /** The opening button's accessible name, when its label alone is ambiguous ("Remove" what?). */
  ariaLabel?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = `${props.id ?? props.label}-title`.replace(/\s+/g, "-");
  const className = props.danger === false ? "button" : "button danger";
  return (
    <>
      <button type="button" className={className} aria-label={props.ariaLabel} onClick={() => dialog.current?.showModal()}>
        {props.label}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId}>
        <h2 id={titleId}>{props.title}</h2>
        <div>{props.children}</div>
        <div className="form-actions">
          <SubmitButton className={className} name={props.name} value={props.value} onClick={() => dialog.current?.close()}>
            {props.confirmLabel ?? props.label}
          </SubmitButton>
          <button type="button" className="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </dialog>
    </>
  );
}
