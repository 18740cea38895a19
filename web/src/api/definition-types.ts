import type * as Contract from './generated/contract';

/** Types of the definition editor's API, from the server's schemas (web/src/api/generated): the app file's own shapes. */
export type AppDefinition = Contract.AppDefinition;
export type EditableTable = AppDefinition['editable']['tables'][string];
export type ApprovalChain = NonNullable<EditableTable['approvals']>;
export type ApprovalLevel = ApprovalChain['levels'][number];
export type ValidationRule = EditableTable['rules'][number];
export type WritePolicy = EditableTable['write'][number];
export type EditableAction = AppDefinition['editable']['actions'][string];
export type ActionStep = EditableAction['steps'][number];
export type ActionStepType = ActionStep['type'];
/** A literal, or `":name"` for the value of the action parameter `name`. */
export type ActionValue = Extract<ActionStep, { type: 'set' }>['value'];

export type DefinitionEdit = Contract.DefinitionEditRequest['edits'][number];
export type DefinitionPath = DefinitionEdit['path'];
export type DefinitionPreview = Contract.DefinitionPreview;
export type DefinitionIssue = DefinitionPreview['issues'][number];
export type DefinitionSaveResult = Contract.DefinitionSaveResult;
