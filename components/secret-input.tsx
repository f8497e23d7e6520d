"use client";
// A database URL or password field: hidden by default, never autofilled or spell-checked (which would send it
// to the browser's spelling service), with a show/hide toggle.
import { useState, type InputHTMLAttributes } from "react";
import { buttonClass, inputClass } from "./ui";

type SecretInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & {
  id: string;
  /** What the toggle reveals, e.g. "database URL". */
  revealLabel: string;
};

export function SecretInput({ revealLabel, className = "", ...props }: SecretInputProps) {
  const [visible, setVisible] = useState(false);
  return (
    <div className="flex gap-2">
      <input
        {...props}
        type={visible ? "text" : "password"}
        autoComplete={props.autoComplete ?? "off"}
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        data-1p-ignore
        className={`${inputClass} font-mono ${className}`}
      />
      <button
        type="button"
        className={buttonClass("secondary", "sm")}
        aria-pressed={visible}
        aria-controls={props.id}
        onClick={() => setVisible((value) => !value)}
      >
        {visible ? "Hide" : "Show"}
        <span className="sr-only"> {revealLabel}</span>
      </button>
    </div>
  );
}
