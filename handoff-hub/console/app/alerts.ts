/**
 * How an offer gets the rep's attention beyond the card: a short two-tone beep (WebAudio, no sound file) and, when
 * the rep allowed it and the console is not in front, a desktop notification.
 */

let audio: AudioContext | undefined;

/**
 * Browsers let a page make sound only after the user interacted with it, so the audio context is created (or
 * resumed) on the rep's first click or key press, e.g. signing in.
 */
export function unlockAudioOnInteraction(): void {
  const unlock = () => {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  };
  for (const type of ['pointerdown', 'keydown'] as const) window.addEventListener(type, unlock, { capture: true, passive: true });
}

/** Plays the offer beep; says whether the browser let it sound ('blocked' until the rep interacted once). */
export function beep(): 'played' | 'blocked' {
  if (!audio || audio.state !== 'running') return 'blocked';
  const start = audio.currentTime;
  for (const [offset, frequency] of [[0, 880], [0.18, 1175]] as const) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    // A short attack and decay: no click at either end.
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.16);
    osc.connect(gain).connect(audio.destination);
    osc.start(start + offset);
    osc.stop(start + offset + 0.17);
  }
  return 'played';
}

export type NotificationState = NotificationPermission | 'unsupported';

export function notificationState(): NotificationState {
  return 'Notification' in window ? Notification.permission : 'unsupported';
}

/** Asks for permission (browsers allow the prompt only from a click). */
export async function askForNotifications(): Promise<NotificationState> {
  if (!('Notification' in window)) return 'unsupported';
  return Notification.requestPermission();
}

/** A desktop notification, when permitted and the console is not what the rep is looking at. */
export function notify(title: string, body: string, tag: string, onClick: () => void): boolean {
  if (notificationState() !== 'granted' || (document.visibilityState === 'visible' && document.hasFocus())) return false;
  const n = new Notification(title, { body, tag, requireInteraction: true });
  n.addEventListener('click', () => {
    window.focus();
    onClick();
    n.close();
  });
  return true;
}
