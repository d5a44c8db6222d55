/**
 * The part of the Dockerfile syntax infra/docker/Dockerfile uses, read so that tests can hold the
 * image to what it claims and replay its stages without Docker. Not a general parser: no heredocs,
 * no escape directive, no ONBUILD; a line it cannot read is an error, not a guess.
 */

/** One instruction, its continuation lines joined. */
export interface Instruction {
  /** 1-based line of the instruction's first line, for messages. */
  readonly line: number;
  /** Upper case: `FROM`, `COPY`, `RUN`… */
  readonly keyword: string;
  /** The leading `--name=value` options (`--from=build`, `--mount=…`), in order. */
  readonly flags: readonly Flag[];
  /** The rest of the instruction, after the keyword and the flags. */
  readonly text: string;
}

export interface Flag {
  readonly name: string;
  readonly value: string;
}

export interface Stage {
  /** `AS <name>`, if any. */
  readonly name: string | undefined;
  /** What `FROM` names: an image (with `${ARG}`s unexpanded) or an earlier stage. */
  readonly base: string;
  readonly line: number;
  /** Every instruction after `FROM`, up to the next `FROM`. */
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  /** `ARG`s before the first `FROM`: usable in `FROM` lines. */
  readonly globalArgs: ReadonlyMap<string, string | undefined>;
  readonly stages: readonly Stage[];
}

const flagPattern = /^--([a-z-]+)=(\S+)\s*/;

/** Joins continuation lines and drops comments and blank lines (parser directives are comments too). */
function logicalLines(text: string): { line: number; content: string }[] {
  const result: { line: number; content: string }[] = [];
  let pending: { line: number; content: string } | undefined;
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && pending === undefined)) return;
    const continues = trimmed.endsWith('\\');
    const part = continues ? trimmed.slice(0, -1).trim() : trimmed;
    pending = pending === undefined ? { line: index + 1, content: part } : { line: pending.line, content: `${pending.content} ${part}`.trim() };
    if (!continues) {
      result.push(pending);
      pending = undefined;
    }
  });
  if (pending !== undefined) throw new Error(`Dockerfile line ${pending.line}: the last instruction ends in a continuation`);
  return result;
}

function instruction({ line, content }: { line: number; content: string }): Instruction {
  const keyword = /^([A-Za-z]+)\s*/.exec(content);
  if (keyword?.[1] === undefined) throw new Error(`Dockerfile line ${line}: no instruction in "${content}"`);
  let text = content.slice(keyword[0].length);
  const flags: Flag[] = [];
  for (let flag = flagPattern.exec(text); flag?.[1] !== undefined && flag[2] !== undefined; flag = flagPattern.exec(text)) {
    flags.push({ name: flag[1], value: flag[2] });
    text = text.slice(flag[0].length);
  }
  return { line, keyword: keyword[1].toUpperCase(), flags, text };
}

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs = new Map<string, string | undefined>();
  const stages: { name: string | undefined; base: string; line: number; instructions: Instruction[] }[] = [];
  for (const next of logicalLines(text).map(instruction)) {
    if (next.keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(next.text);
      if (from?.[1] === undefined) throw new Error(`Dockerfile line ${next.line}: cannot read FROM ${next.text}`);
      stages.push({ name: from[2], base: from[1], line: next.line, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (stage !== undefined) stage.instructions.push(next);
    else if (next.keyword === 'ARG') for (const [name, value] of assignments(next.text)) globalArgs.set(name, value);
    else throw new Error(`Dockerfile line ${next.line}: ${next.keyword} before the first FROM`);
  }
  return { globalArgs, stages };
}

/** `NAME=value NAME2="two words" NAME3` (ENV, ARG, LABEL), values unquoted; a bare name has no value. */
export function assignments(text: string): Map<string, string | undefined> {
  const result = new Map<string, string | undefined>();
  const pattern = /([^\s=]+)(?:=("(?:[^"\\]|\\.)*"|\S*))?/g;
  for (const match of text.matchAll(pattern)) {
    const value = match[2];
    result.set(match[1] ?? '', value === undefined ? undefined : value.startsWith('"') ? (JSON.parse(value) as string) : value);
  }
  return result;
}

/** The arguments of an exec-form instruction (`["a", "b"]`), or undefined for the shell form. */
export function execForm(text: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((item): item is string => typeof item === 'string')) throw new Error(`not a JSON array of strings: ${text}`);
  return parsed;
}

export function flagOf(instruction: Instruction, name: string): string | undefined {
  return instruction.flags.find((flag) => flag.name === name)?.value;
}

/** Whitespace-separated words (COPY's sources and destination; no path here has a space). */
export function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

/** Replaces `$NAME` and `${NAME}` from `values`; a name it does not know is an error, never an empty string. */
export function expand(text: string, values: ReadonlyMap<string, string | undefined>): string {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_match, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const value = values.get(name);
    if (value === undefined) throw new Error(`$${name} has no value`);
    return value;
  });
}

/** The stage `name` refers to, by `AS` name; throws when there is none. */
export function stageNamed(dockerfile: Dockerfile, name: string): Stage {
  const stage = dockerfile.stages.find((candidate) => candidate.name === name);
  if (stage === undefined) throw new Error(`the Dockerfile has no stage named ${name}`);
  return stage;
}

/** The stage and the stages it is built on, base first, up to one that starts from an image. */
export function stageChain(dockerfile: Dockerfile, stage: Stage): Stage[] {
  const base = dockerfile.stages.find((candidate) => candidate.name !== undefined && candidate.name === stage.base);
  return base === undefined ? [stage] : [...stageChain(dockerfile, base), stage];
}
