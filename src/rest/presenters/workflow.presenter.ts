import type { CustomFieldColumnsFragment, StateColumnsFragment, TransitionColumnsFragment, WorkflowColumnsFragment } from '../generated';
import { baseColumns, type PresentContext } from './format';

/** A workflow row in loonflow's names. */
export function presentWorkflow(w: WorkflowColumnsFragment, p: PresentContext) {
  return {
    ...baseColumns(w, p),
    name: w.name,
    description: w.description,
    notices: '',
    view_permission_check: w.viewPermissionCheck,
    limit_expression: w.limitExpression,
    display_form_str: JSON.stringify(w.displayForm),
    title_template: w.titleTemplate,
    content_template: w.contentTemplate,
  };
}

/** A state row (state_info); hook participants show as "hook". */
export function presentState(s: StateColumnsFragment, p: PresentContext) {
  return {
    ...baseColumns(s, p),
    name: s.name,
    workflow_id: s.workflowId,
    is_hidden: s.isHidden,
    order_id: s.orderId,
    type_id: s.typeId,
    enable_retreat: s.enableRetreat,
    remember_last_man_enable: s.rememberLastMan,
    participant_type_id: s.participantTypeId,
    participant: s.participant,
    distribute_type_id: s.distributeTypeId,
    state_field_str: s.fields,
    label: s.label,
  };
}

/** A transition row. */
export function presentTransition(t: TransitionColumnsFragment, p: PresentContext) {
  return {
    ...baseColumns(t, p),
    name: t.name,
    workflow_id: t.workflowId,
    transition_type_id: t.typeId,
    timer: t.timer,
    source_state_id: t.sourceStateId,
    destination_state_id: t.destinationStateId,
    condition_expression: t.conditions,
    attribute_type_id: t.attributeTypeId,
    field_require_check: t.fieldRequireCheck,
    alert_enable: t.alertEnable,
    enable_alert: t.alertEnable,
    alert_text: t.alertText,
  };
}

/** A custom field row. */
export function presentCustomField(f: CustomFieldColumnsFragment, p: PresentContext) {
  return {
    ...baseColumns(f, p),
    workflow_id: f.workflowId,
    field_type_id: f.fieldTypeId,
    field_key: f.fieldKey,
    field_name: f.fieldName,
    order_id: f.orderId,
    default_value: f.defaultValue ?? null,
    description: f.description,
    placeholder: f.placeholder,
    field_template: f.fieldTemplate,
    boolean_field_display: f.booleanFieldDisplay,
    field_choice: f.fieldChoice,
    label: f.label,
  };
}
