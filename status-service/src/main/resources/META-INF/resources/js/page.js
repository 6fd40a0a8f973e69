// What the sections share: the message area, row buttons, the confirmation dialog, table rows, and forms that send
// their fields to a service and show its refusal in place.

const $ = (id) => document.getElementById(id);
let hideMessage = null;

/** Shows a message above every section for 8 s (a newer message restarts the time). */
export function say(message) {
  $('message').textContent = message;
  $('message').hidden = false;
  clearTimeout(hideMessage);
  hideMessage = setTimeout(() => { $('message').hidden = true; }, 8000);
}

/** Runs an operation; says what success() makes of its result, or why it failed. */
export async function attempt(action, success) {
  try {
    const result = await action();
    if (success) say(success(result));
  } catch (e) {
    say(`Failed: ${e.message}`);
  }
}

/** A row's button; its accessible name says what it acts on, e.g. "Edit 10.0.0.1:3128". */
export function button(label, onClick, name) {
  const b = Object.assign(document.createElement('button'), { type: 'button', textContent: label });
  b.setAttribute('aria-label', `${label} ${name}`);
  b.addEventListener('click', onClick);
  return b;
}

/** Asks in the confirmation dialog; action() runs only when the operator presses the button named verb. */
export function confirmThen(question, verb, action) {
  const dialog = $('confirm-dialog');
  $('confirm-text').textContent = question;
  $('confirm-ok').textContent = verb;
  dialog.onclose = () => {
    if (dialog.returnValue === 'ok') action();
  };
  dialog.returnValue = ''; // Escape keeps the last answer, which must not be an earlier "ok"
  dialog.showModal();
}

/** A number of things in words: "1 account", "2 accounts" ({@code many} where adding an s is wrong). */
export function count(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** A table cell with text or an element. */
export function cell(content) {
  const td = document.createElement('td');
  if (content instanceof Node) td.append(content); else td.textContent = content ?? '';
  return td;
}

/** A table row; an absent value shows as "–". */
export function rowOf(cells) {
  const tr = document.createElement('tr');
  tr.append(...cells.map((v) => cell(v ?? '–')));
  return tr;
}

/** Replaces a select's choices: first the empty one, then [label, value] pairs; the chosen value stays chosen. */
export function offer(select, empty, choices) {
  const chosen = select.value;
  select.replaceChildren(new Option(empty, ''), ...choices.map(([label, value]) => new Option(label, value)));
  select.value = chosen;
}

/** Resets a form, then sets each named field to the value of the same name (fields are named as the API names them). */
export function fill(form, values) {
  form.reset();
  [...form.elements].filter((field) => field.name).forEach((field) => { field.value = values[field.name] ?? ''; });
}

/** The named fields' values, trimmed; an empty one is null. */
export function fieldValues(form) {
  return Object.fromEntries([...new FormData(form)].map(([name, value]) => [name, value.trim() || null]));
}

/**
 * On submit runs action(), which sends the form and answers the text that says what was done; a refusal shows in the
 * result line as `${refusal}: ${detail}`, and each field the service rejected is marked with its message.
 */
export function onSubmit(form, result, action, refusal = 'Not saved') {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    unmark(form);
    try {
      result.textContent = await action();
    } catch (e) {
      result.textContent = `${refusal}: ${e.message}`;
      (e.errors || []).forEach(({ field, message }) => mark(form, field, message));
      form.querySelector('[aria-invalid]')?.focus();
    }
  });
  form.addEventListener('reset', () => unmark(form));
}

/** Marks the field a problem names ("labels[2]" is the field "labels") as invalid, its message beside it. */
function mark(form, field, message) {
  const input = form.elements[field.replace(/\[\d+]$/, '')];
  if (!(input instanceof HTMLElement)) return;
  let note = document.getElementById(`${input.id}-error`);
  if (!note) {
    note = Object.assign(document.createElement('small'), { id: `${input.id}-error`, className: 'field-error' });
    note.setAttribute('aria-hidden', 'true'); // inside the label: read as the field's description, not as its name
    input.after(note);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', note.id);
  }
  note.textContent = note.textContent ? `${note.textContent}; ${message}` : message;
}

function unmark(form) {
  form.querySelectorAll('.field-error').forEach((note) => note.remove());
  form.querySelectorAll('[aria-invalid]').forEach((input) => {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  });
}
