/** One problem of a refused definition change, as GraphQL reports it in `extensions.issues`. */
interface Issue {
  path: string;
  message: string;
  /** The kind of entry the bad value belongs to (`state`, `custom field`, `user`, …). */
  entry?: string;
  /** The value's key inside the entry in the definition format, e.g. `participant.value[0]`. */
  key?: string;
}

/** Definition-format keys (as a pattern on the key path) and the loonflow parameter a REST caller sends instead. */
const RENAMES: Record<string, [RegExp, string][]> = {
  workflow: [
    [/^admins\b.*/, 'workflow_admin'],
    [/^display_form\b/, 'display_form_str'],
  ],
  state: [
    [/^participant\.type$/, 'participant_type_id'],
    [/^participant\b.*/, 'participant'],
    [/^type$/, 'type_id'],
    [/^order$/, 'order_id'],
    [/^hidden$/, 'is_hidden'],
    [/^distribute$/, 'distribute_type_id'],
    [/^fields\b/, 'state_field_str'],
    [/^remember_last_man$/, 'remember_last_man_enable'],
  ],
  transition: [
    [/^from$/, 'source_state_id'],
    [/^to$/, 'destination_state_id'],
    [/^attribute$/, 'attribute_type_id'],
    [/^alert$/, 'alert_text'],
    [/^conditions(\[\d+\])\.to$/, 'condition_expression$1.target_state_id'],
    [/^conditions\b/, 'condition_expression'],
  ],
  'custom field': [
    [/^key$/, 'field_key'],
    [/^name$/, 'field_name'],
    [/^type$/, 'field_type_id'],
    [/^order$/, 'order_id'],
    [/^default\b/, 'default_value'],
    [/^template$/, 'field_template'],
    [/^choices\b/, 'field_choice'],
    [/^boolean_display\b/, 'boolean_field_display'],
  ],
  user: [
    [/^depts\b.*/, 'dept_ids'],
    [/^dept$/, 'dept_id'],
  ],
  dept: [
    [/^parent$/, 'parent_dept_id'],
    [/^approvers\b.*/, 'approver'],
  ],
  app: [
    [/^name$/, 'app_name'],
    [/^sn_prefix$/, 'ticket_sn_prefix'],
    [/^workflows\b.*/, 'workflow_ids'],
  ],
};

function restKey(entry: string, key: string): string {
  const rename = RENAMES[entry]?.find(([pattern]) => pattern.test(key));
  return rename ? key.replace(rename[0], rename[1]) : key;
}

const isIssue = (v: unknown): v is Issue => typeof v === 'object' && v !== null && typeof (v as Issue).message === 'string';

/** The message of a refused definition change naming loonflow's parameters instead of the definition format's keys (null: no issues). */
export function restRefusalMessage(issues: unknown): string | null {
  if (!Array.isArray(issues) || !issues.length || !issues.every(isIssue)) return null;
  return issues
    .map((i) => {
      if (!i.path) return i.message;
      const path = i.entry && i.key ? `${i.path.slice(0, -i.key.length)}${restKey(i.entry, i.key)}` : i.path;
      return `${path}: ${i.message}`;
    })
    .join('\n');
}
