// The ballot page confirms the choice in the page (issue 19): "Continue" opens the dialog
// "You vote for X. This cannot be changed."; its button sends the choice with confirm=yes, the
// vote itself. Without this script (or without <dialog>), "Continue" sends the choice alone and
// the server answers with its confirmation page, as before.
(function () {
  "use strict";
  var form = document.querySelector("[data-vote-form]");
  var dialog = form && form.querySelector("[data-vote-dialog]");
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
})();
