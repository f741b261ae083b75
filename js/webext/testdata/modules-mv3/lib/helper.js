export const bang = (s) => s + "!";
