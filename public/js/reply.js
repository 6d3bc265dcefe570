// Progressive enhancement for "Reply": moves the comment form under the comment instead of
// reloading the page. Without JavaScript the link reloads with ?replyto=ID and works the same.
(() => {
  const respond = document.getElementById('respond');
  const form = respond?.querySelector('form');
  if (!respond || !form) return;
  const parentInput = form.querySelector('#parent');
  const title = document.getElementById('reply-title');
  const home = document.createElement('div');
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);

  function reset(event) {
    if (event) event.preventDefault();
    home.parentNode.insertBefore(respond, home);
    parentInput.value = '';
    title.textContent = 'Leave a comment';
  }

  document.addEventListener('click', (event) => {
    const link = event.target.closest?.('a.reply-link');
    if (!link) return;
    event.preventDefault();
    const card = link.closest('.comment-card');
    card.after(respond);
    parentInput.value = link.dataset.replyTo;
    title.textContent = `Leave a reply to ${link.dataset.author} `;
    const cancel = document.createElement('a');
    cancel.href = '#respond';
    cancel.className = 'cancel-reply';
    cancel.textContent = 'Cancel reply';
    cancel.addEventListener('click', reset);
    title.appendChild(cancel);
    form.querySelector('#comment').focus();
  });
})();
