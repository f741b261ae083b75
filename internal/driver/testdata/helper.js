export const fixture = "ext";
export function twice(x) { return 2 * x; }
