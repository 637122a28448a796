/** The franchises a branch may hold. Browser-safe (no zod), for the form's checkboxes. */
export const BRANDS = ["KTM", "Husqvarna", "GasGas", "Triumph", "Honda", "Harley-Davidson"] as const;
