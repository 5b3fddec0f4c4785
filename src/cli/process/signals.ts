import { constants } from 'node:os';

/** The signals `bella` passes on to its child. */
export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const;

/** Signals that ask `bella` to end: after forwarding one, no new child is started. */
export const STOPPING_SIGNALS: ReadonlySet<NodeJS.Signals> = new Set(['SIGINT', 'SIGTERM', 'SIGQUIT']);

/** A signal's number on this platform (SIGTERM: 15), or undefined. */
export function signalNumber(signal: NodeJS.Signals): number | undefined {
  return (constants.signals as Record<string, number | undefined>)[signal];
}

/**
 * Checks a signal name given on the command line. Names are exact (`SIGTERM`); a lower-case or
 * short form (`sigterm`, `TERM`) is refused with the name to use, rather than guessed.
 * @throws TypeError naming the flag and the valid name
 */
export function validateSignalName(value: string, flag: string): NodeJS.Signals {
  if (signalNumber(value as NodeJS.Signals) !== undefined && value.startsWith('SIG')) return value as NodeJS.Signals;
  const upper = value.toUpperCase();
  const guess = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  if (signalNumber(guess as NodeJS.Signals) !== undefined) throw new TypeError(`${flag} ${value}: signal names are written in full and upper case: use ${guess}.`);
  throw new TypeError(`${flag} ${value}: not a signal name on this platform (e.g. SIGTERM, SIGHUP, SIGINT).`);
}

/**
 * Calls `onSignal` for each of {@link FORWARDED_SIGNALS} `bella` receives, instead of the
 * default action (which would end `bella` and orphan the child). Returns the function that
 * removes every handler; call it in `finally`.
 */
export function listenForSignals(onSignal: (signal: NodeJS.Signals) => void): () => void {
  const handlers = FORWARDED_SIGNALS.map((signal) => {
    const handler = () => onSignal(signal);
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}

/**
 * Whether a signal `bella` received already reached the child by itself: on a terminal, Ctrl+C
 * (SIGINT) and Ctrl+\ (SIGQUIT) go to the whole foreground process group, which holds a child
 * that has no group of its own. Re-sending it would deliver it twice.
 */
export function reachedChildFromTerminal(signal: NodeJS.Signals, childHasOwnGroup: boolean, stdinIsTerminal: boolean): boolean {
  return !childHasOwnGroup && stdinIsTerminal && (signal === 'SIGINT' || signal === 'SIGQUIT');
}
