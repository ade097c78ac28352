import { SegkitError } from '@segkit/core';

/** `--from` / `--to` names no format: the message lists the valid names. */
export class UnknownFormatError extends SegkitError {
  readonly formatName: string;
  readonly validNames: readonly string[];

  constructor(name: string, validNames: readonly string[], flag = 'format') {
    super('UNSUPPORTED', `${flag} ${name} is not a format; use one of ${validNames.join(', ')}`);
    this.name = 'UnknownFormatError';
    this.formatName = name;
    this.validNames = validNames;
  }
}

/** No format recognised the input (or the format cannot do what was asked): the user must say `--from`. */
export class FormatNotDetectedError extends SegkitError {
  constructor(input: string) {
    super('UNSUPPORTED', `cannot tell the format of ${input}; pass --from`);
    this.name = 'FormatNotDetectedError';
  }
}
