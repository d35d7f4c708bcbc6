/* A refused form (a failed login, a refused submission, any form with errors) opens on its
   summary of what is wrong: focus moves there, so that a keyboard or screen-reader user hears
   it first, and each of its links puts the cursor in its field. */
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary[tabindex='-1']");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    field.scrollIntoView({block: "center"});
    field.focus();
  });
}());
