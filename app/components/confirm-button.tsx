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
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const className = props.danger === false ? "button" : "button danger";
  return (
    <>
      <button type="button" className={className} onClick={() => dialog.current?.showModal()}>
        {props.label}
      </button>
      <dialog ref={dialog} aria-labelledby={`${props.label}-title`.replace(/\s+/g, "-")}>
        <h2 id={`${props.label}-title`.replace(/\s+/g, "-")}>{props.title}</h2>
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
