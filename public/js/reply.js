// Progressive enhancement for "Reply": moves the comment form under the comment instead of
// reloading the page. Without JavaScript the link reloads with ?replyto=ID and works the same,
// and "Cancel reply" is a button of the form that sends the text back to be shown again.
(() => {
  const respond = document.getElementById('respond');
  const form = respond?.querySelector('form');
  if (!respond || !form) return;
  const parentInput = form.querySelector('#parent');
  const submitRow = form.querySelector('.form-submit');
  const title = document.getElementById('reply-title');
  const home = document.createElement('div');
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);

  function cancelButton() {
    let cancel = form.querySelector('button.cancel-reply');
    if (!cancel) {
      // The same button the server renders, so the same handler below takes it.
      cancel = document.createElement('button');
      cancel.type = 'submit';
      cancel.name = 'cancel';
      cancel.value = 'reply';
      cancel.className = 'cancel-reply';
      cancel.textContent = 'Cancel reply';
      submitRow.append(' ', cancel);
    }
    return cancel;
  }

  // Cancelling happens here, in place: the text typed so far stays in the textarea.
  function cancelReply() {
    home.parentNode.insertBefore(respond, home);
    parentInput.value = '';
    title.textContent = 'Leave a comment';
    const cancel = form.querySelector('button.cancel-reply');
    if (cancel) {
      if (cancel.previousSibling?.nodeType === Node.TEXT_NODE) cancel.previousSibling.remove();
      cancel.remove();
    }
    // A page opened at ?replyto= would offer the reply again on reload.
    const url = new URL(window.location.href);
    if (url.searchParams.has('replyto')) {
      url.searchParams.delete('replyto');
      history.replaceState(history.state, '', url);
    }
    form.querySelector('#comment').focus();
  }

  document.addEventListener('click', (event) => {
    if (event.target.closest?.('button.cancel-reply')) {
      event.preventDefault();
      cancelReply();
      return;
    }
    const link = event.target.closest?.('a.reply-link');
    if (!link) return;
    event.preventDefault();
    const card = link.closest('.comment-card');
    card.after(respond);
    parentInput.value = link.dataset.replyTo;
    title.textContent = `Leave a reply to ${link.dataset.author}`;
    cancelButton();
    form.querySelector('#comment').focus();
  });
})();
