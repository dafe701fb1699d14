/* Facet counts of the guide search, refreshed by htmx without replacing the lists.
 *
 * Each htmx answer of the search carries, in #guide-facettes (data-libelles, JSON), the new label of
 * every option of the facet lists (« Alimentation (12) »). Only the option texts change: the list the
 * user is on keeps its choice and the keyboard focus (replacing the <select> would lose both).
 */
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function () {
    var porteur = document.getElementById("guide-facettes");
    if (!porteur || !porteur.dataset.libelles) {
      return;
    }
    var libelles = JSON.parse(porteur.dataset.libelles);
    Object.keys(libelles).forEach(function (nom) {
      var liste = document.getElementById("id_" + nom);
      if (!liste) {
        return;
      }
      Array.prototype.forEach.call(liste.options, function (option) {
        var libelle = libelles[nom][option.value];
        if (libelle !== undefined && option.text !== libelle) {
          option.text = libelle;
        }
      });
    });
  });
})();
