// The whole client: fetch + a per-user token. No build step, no library.
const $ = (id) => document.getElementById(id);
let session = null; // { server, token, username }

async function gql(query, variables = {}) {
  const res = await fetch(`${session.server}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) {
    const [error] = body.errors;
    throw new Error(`${error.extensions?.code ?? 'ERROR'}: ${error.message}`);
  }
  return body.data;
}

function show(message, isError = false) {
  $('status').textContent = message;
  $('status').className = isError ? 'error' : '';
}

/** The claims of a JWT, read without verifying (the server verifies). */
function claimsOf(token) {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

async function loadTodo() {
  const data = await gql(`{ tickets(category: DUTY, perPage: 50) { total items { id sn title creator state { name } } } }`);
  $('todo-total').textContent = String(data.tickets.total);
  $('todo').replaceChildren(
    ...data.tickets.items.map((t) =>
      el(
        'tr',
        {},
        el('td', { textContent: t.sn }),
        el('td', { textContent: t.title }),
        el('td', { textContent: t.state.name }),
        el('td', { textContent: t.creator }),
        el('td', {}, el('button', { textContent: 'Handle', className: 'handle', onclick: () => chooseTransition(t.id) })),
      ),
    ),
  );
}

async function chooseTransition(ticketId) {
  const data = await gql('query($id: Int!) { ticketTransitions(id: $id) { transitionId transitionName } }', { id: ticketId });
  $('handle').hidden = false;
  $('handle-id').textContent = String(ticketId);
  $('transitions').replaceChildren(
    ...data.ticketTransitions.map((tr) =>
      el('button', {
        textContent: tr.transitionName,
        className: 'transition',
        onclick: () => handle(ticketId, tr.transitionId, tr.transitionName),
      }),
    ),
  );
}

async function handle(ticketId, transitionId, name) {
  try {
    const data = await gql('mutation($input: HandleTicketInput!) { handleTicket(input: $input) { id state { name } } }', {
      input: { ticketId, transitionId, suggestion: $('suggestion').value },
    });
    show(`Ticket ${ticketId}: ${name} → ${data.handleTicket.state.name}`);
    $('handle').hidden = true;
    await loadTodo();
  } catch (err) {
    show(err.message, true);
  }
}

async function loadWorkflows() {
  const data = await gql('{ workflows { id name } }');
  $('workflow').replaceChildren(...data.workflows.map((w) => el('option', { value: String(w.id), textContent: w.name })));
  await loadForm();
}

async function loadForm() {
  const id = Number($('workflow').value);
  const data = await gql(
    `query($id: Int!) { workflow(id: $id) { initState {
    transitions { id name } fieldList { fieldKey fieldName fieldAttribute placeholder fieldType } } } }`,
    { id },
  );
  const { fieldList, transitions } = data.workflow.initState;
  const inputs = fieldList
    .filter((f) => f.fieldAttribute !== 1)
    .map((f) =>
      el(
        'label',
        {},
        `${f.fieldName}${f.fieldAttribute === 2 ? ' *' : ''}`,
        el('input', { name: f.fieldKey, placeholder: f.placeholder || (/datetime/i.test(f.fieldType) ? 'YYYY-MM-DD HH:MM:SS' : '') }),
      ),
    );
  const buttons = transitions.map((tr) => el('button', { type: 'submit', value: String(tr.id), textContent: tr.name }));
  $('open-form').replaceChildren(...inputs, ...buttons);
}

async function open(event) {
  event.preventDefault();
  const values = Object.fromEntries(new FormData($('open-form')));
  const { title = '', ...fields } = values;
  try {
    const data = await gql('mutation($input: CreateTicketInput!) { createTicket(input: $input) { id sn state { name } } }', {
      input: { workflowId: Number($('workflow').value), transitionId: Number(event.submitter.value), title, fields },
    });
    show(`Opened ${data.createTicket.sn} (ticket ${data.createTicket.id}), now in ${data.createTicket.state.name}`);
    await loadTodo();
  } catch (err) {
    show(err.message, true);
  }
}

async function signIn() {
  const token = $('token').value.trim();
  let claims;
  try {
    claims = claimsOf(token);
  } catch {
    return show('That is not a token: paste the output of `npx loongate token <username>`', true);
  }
  session = { server: $('server').value.replace(/\/+$/, ''), token, username: claims.sub ?? claims.preferred_username };
  try {
    await loadTodo();
    await loadWorkflows();
    sessionStorage.setItem('loongate-session', JSON.stringify(session));
    $('me').textContent = `${session.username} (until ${new Date(claims.exp * 1000).toLocaleTimeString()})`;
    $('signin').hidden = true;
    $('app').hidden = false;
    show('Signed in');
  } catch (err) {
    session = null;
    show(`Sign-in failed: ${err.message}`, true);
  }
}

$('signin-button').onclick = signIn;
$('workflow').onchange = () => loadForm().catch((err) => show(err.message, true));
$('open-form').onsubmit = open;
$('signout').onclick = () => {
  sessionStorage.removeItem('loongate-session');
  location.reload();
};
const saved = sessionStorage.getItem('loongate-session');
if (saved) {
  const s = JSON.parse(saved);
  $('server').value = s.server;
  $('token').value = s.token;
  signIn();
}
