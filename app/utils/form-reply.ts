/** A refused write's message, placed beside its field when it names one, else above the form. */
export function errorsFor(result: { message: string; field?: string }) {
  return result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] };
}
