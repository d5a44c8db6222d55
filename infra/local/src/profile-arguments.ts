import type { Profile } from './component';
import { isProfile, profiles } from './components';
import { StackError } from './stack-error';

/** `--with observability` or `--with=observability`, repeatable. */
export function profileArguments(args: readonly string[]): Profile[] {
  const named = args.flatMap((arg, index) => (arg === '--with' ? [args[index + 1] ?? ''] : arg.startsWith('--with=') ? [arg.slice('--with='.length)] : []));
  return named.map((value) => {
    if (!isProfile(value)) throw new StackError(`unknown profile "${value}"; expected --with ${profiles.join(' | ')}`);
    return value;
  });
}
