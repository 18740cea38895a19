/** What `roundtrip init --warehouse <engine>` writes for an engine. */
export interface EngineScaffold {
  /** One line for the command's help. */
  help: string;
  /** Why the demo cannot run on this engine yet (init refuses it with this); absent: it can. */
  unavailable?: string;
  /** The `warehouse:` block replacing the demo's (none: the demo's default stays), with a comment above it. */
  warehouse?: { block: Record<string, unknown>; comment?: string };
}
