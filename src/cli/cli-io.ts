/** Where a command writes; main.ts binds it to the process, so commands never touch `process`. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface Painter {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
}

const sgr =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const identity = (text: string): string => text;

/** Plain ANSI SGR codes; identity functions when colour is off. */
export function createPainter(color: boolean): Painter {
  if (!color)
    return {
      bold: identity,
      dim: identity,
      red: identity,
      yellow: identity,
      cyan: identity,
      green: identity,
    };
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
    green: sgr(32, 39),
  };
}
