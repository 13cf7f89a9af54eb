import { useState } from 'react';
import '../styles/password-input.css';
import { Button, IconButton } from './ui';

// No characters that are easily confused when a password is read out or copied by hand (0/O, 1/l/I).
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of `length` characters from the browser's cryptographic generator. */
export function generatePassword(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint32Array(length));
  return Array.from(bytes, (n) => ALPHABET[n % ALPHABET.length]).join('');
}

/**
 * A password field with a show/hide toggle and, with `generate`, a button that fills in a random
 * password and shows it, so that it can be read and handed on.
 */
export function PasswordInput({
  value,
  onChange,
  label,
  autoComplete = 'new-password',
  generate = false,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  autoComplete?: 'new-password' | 'current-password';
  generate?: boolean;
}) {
  const [visible, setVisible] = useState(false);
  return (
    <div className="password-input">
      <input
        className="input"
        type={visible ? 'text' : 'password'}
        autoComplete={autoComplete}
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <IconButton
        icon={visible ? 'eyeOff' : 'eye'}
        label={visible ? `Hide ${label.toLowerCase()}` : `Show ${label.toLowerCase()}`}
        onClick={() => setVisible(!visible)}
      />
      {generate ? (
        <Button
          size="sm"
          icon="refresh"
          onClick={() => {
            onChange(generatePassword());
            setVisible(true);
          }}
        >
          Generate
        </Button>
      ) : null}
    </div>
  );
}
