import { describe, expect, it } from 'vitest';
import { stateEntry, transitionEntry } from '../../src/services/admin/entries';
import { describePath } from '../../src/services/admin/issues';
import { removeField, removeState, type WorkflowDoc } from '../../src/services/admin/workflow-doc';

const workflow = (): WorkflowDoc => ({
  id: 1,
  name: 'leave',
  display_form: ['title', 'days'],
  custom_fields: [{ id: 1, key: 'days', type: 'int' }],
  states: [
    { id: 1, name: 'draft', type: 'start', fields: { days: 'required' } },
    { id: 2, name: 'review', fields: { days: 'readonly', title: 'readonly' } },
    { id: 3, name: 'done', type: 'end' },
  ],
  transitions: [
    { id: 1, name: 'submit', from: 1, to: 2, conditions: [{ expression: '{days} > 3', to: 2 }] },
    { id: 2, name: 'ok', from: 2, to: 3 },
  ],
  notices: [],
});

describe('describePath', () => {
  const doc = { workflows: [workflow()], users: [{ username: 'ann' }] };

  it('names the workflow and the child entry a path points into', () => {
    expect(describePath(doc, 'workflows[0].transitions[1].to')).toBe('workflow "leave" (id 1) > transition "ok" (id 2) > to');
    expect(describePath(doc, 'workflows[0].states[1].fields["state.state_name"]')).toBe(
      'workflow "leave" (id 1) > state "review" (id 2) > fields["state.state_name"]',
    );
    expect(describePath(doc, 'workflows[0].display_form[1]')).toBe('workflow "leave" (id 1) > display_form[1]');
    expect(describePath(doc, 'users[0].dept')).toBe('user "ann" (new) > dept');
  });

  it('leaves paths it cannot follow as they are', () => {
    expect(describePath(doc, 'line 3')).toBe('line 3');
    expect(describePath(doc, 'nothing[0].x')).toBe('nothing[0].x');
  });
});

describe('editing a workflow entry', () => {
  it('removes a state with the transitions around it, or redirects those that lead into it', () => {
    const dropped = workflow();
    removeState(dropped, 2);
    expect(dropped.transitions).toEqual([]);
    const redirected = workflow();
    removeState(redirected, 2, 3);
    expect(redirected.transitions).toEqual([{ id: 1, name: 'submit', from: 1, to: 3, conditions: [{ expression: '{days} > 3', to: 3 }] }]);
    expect(() => removeState(workflow(), 2, 2)).toThrow('redirectTo: state 2 is the state being deleted');
  });

  it('removes a field from every state and the display form', () => {
    const wf = workflow();
    expect(removeField(wf, 1)).toMatchObject({ key: 'days' });
    expect(wf.states.map((s) => s.fields)).toEqual([{}, { title: 'readonly' }, undefined]);
    expect(wf.display_form).toEqual(['title']);
  });

  it('maps transition values onto the file format: timer, alert and conditions', () => {
    const timed = transitionEntry(
      { timer: 60, alertEnable: true, alertText: 'sure?', conditions: [{ expression: '{a} == 1', toStateId: 3 }] },
      { name: 'x', from: 1, to: 2 },
    );
    expect(timed).toEqual({ name: 'x', from: 1, to: 2, timer: 60, alert: 'sure?', conditions: [{ expression: '{a} == 1', to: 3 }] });
    expect(transitionEntry({ timer: null, alertEnable: false }, timed)).toEqual({ name: 'x', from: 1, to: 2, conditions: [{ expression: '{a} == 1', to: 3 }] });
  });

  it("reads participants in loonflow's encoding, keeping the type when only the value changes", () => {
    expect(stateEntry({ participantType: 3, participant: '2,4' }).participant).toEqual({ type: 'dept', value: [2, 4] });
    expect(stateEntry({ participant: 'ann,bob' }, { participant: { type: 'users', value: ['x'] } }).participant).toEqual({
      type: 'users',
      value: ['ann', 'bob'],
    });
    expect(stateEntry({ participantType: 9 }).participant).toEqual({ type: 9 });
  });
});
