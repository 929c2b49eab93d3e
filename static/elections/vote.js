// Secret votes confirm the choice in the page (issue 19): "Continue" opens the form's dialog
// ("You vote for X. This cannot be changed."), whose button sends the choice with confirm=yes,
// the vote itself. Without this script (or without <dialog>), "Continue" sends the choice alone
// and the server answers with its confirmation page, as before. Used by the election ballot
// and by the motions of a meeting page (one form per open motion).
(function () {
  "use strict";
  document.querySelectorAll("form[data-vote-form]").forEach(function (form) {
    var dialog = form.querySelector("dialog[data-vote-dialog]");
    if (!dialog || typeof dialog.showModal !== "function") {
      return;
    }
    form.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.hasAttribute("data-vote-confirm")) {
        return;
      }
      var checked = form.querySelector('input[name="choice"]:checked');
      if (!checked) {
        return; // the server says that a choice is needed
      }
      var label = form.querySelector('label[for="' + checked.id + '"]');
      event.preventDefault();
      dialog.querySelector("[data-vote-chosen]").textContent = (label ? label.textContent : checked.value).trim();
      dialog.showModal();
      dialog.querySelector("[data-vote-confirm]").focus();
    });
    dialog.querySelector("[data-vote-change]").addEventListener("click", function () {
      dialog.close();
    });
  });
})();
