// Keyboard shortcuts for the queue, as WordPress moderators know them. Progressive
// enhancement only: every action is a plain form that works without this file.
(() => {
  const rows = () => Array.from(document.querySelectorAll('.queue-row'));
  let current = -1;

  function focusRow(index, describedBy) {
    const list = rows();
    if (!list.length) return;
    current = Math.max(0, Math.min(index, list.length - 1));
    for (const row of list) {
      row.classList.remove('current');
      row.removeAttribute('aria-describedby');
    }
    list[current].classList.add('current');
    if (describedBy) list[current].setAttribute('aria-describedby', describedBy);
    list[current].focus();
  }

  const keys = { a: 'approve', s: 'spam', t: 'trash', u: 'unapprove' };
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return;
    const key = event.key.toLowerCase();
    if (key === 'j') focusRow(current + 1);
    else if (key === 'k') focusRow(current - 1);
    else if (key === 'z') document.getElementById('undo-form')?.requestSubmit();
    else if (keys[key] && current >= 0) {
      const button = rows()[current]?.querySelector(`button[data-action="${keys[key]}"]`);
      if (button) button.click();
      else return;
    } else return;
    event.preventDefault();
  });

  // "Select all on this page" becomes a checkbox when scripts run.
  const selectAll = document.getElementById('select-all');
  const link = document.querySelector('.select-all-link');
  if (selectAll && link) {
    link.hidden = true;
    selectAll.closest('label').hidden = false;
    selectAll.addEventListener('change', () => {
      for (const box of document.querySelectorAll('input[name="ids"]')) box.checked = selectAll.checked;
    });
  }

  // Land on the row the action's return path names: the one that took the acted-on row's place (after
  // a bulk action, the row below the last one acted on; after an undo, the row that came back), so the
  // next key acts on it. The flash is read out with it, since a status message already on the page
  // when it loads is not announced.
  const match = /^#row-(\d+)$/.exec(location.hash);
  if (match) {
    const index = rows().findIndex((row) => row.id === `row-${match[1]}`);
    if (index >= 0) focusRow(index, document.getElementById('flash') ? 'flash' : undefined);
  }
})();
