/* The live session (Channels, /ws/seances/<id>/): the page follows the file under examination and the
 * decisions without reload.
 *
 * Messages carry an event name and ids, never personal data. Each event is re-dispatched on <body> as
 * "proche:<event name>" (e.g. "proche:seance.decision"); the live region refetches its fragment
 * through the scoped view with htmx. On every (re)connection the server first sends the current
 * state: the page dispatches "proche:seance.connectee" and the region catches up.
 */
(function () {
  "use strict";
  var delai = 1000;

  function emettre(nom, detail) {
    document.body.dispatchEvent(new CustomEvent("proche:" + nom, { bubbles: true, detail: detail || {} }));
  }

  function connecter(region) {
    var protocole = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(protocole + window.location.host + region.dataset.seanceWs);
    socket.addEventListener("message", function (evenement) {
      var message;
      try {
        message = JSON.parse(evenement.data);
      } catch (erreur) {
        return;
      }
      if (message.type === "etat") {
        delai = 1000;
        region.dataset.connecte = "oui";
        emettre("seance.connectee", { etat: message.etat, point_courant: message.point_courant });
      } else if (message.type === "evenement" && typeof message.evenement === "string") {
        emettre(message.evenement, { ids: message.ids || [] });
      }
    });
    socket.addEventListener("close", function (evenement) {
      region.dataset.connecte = "non";
      if (evenement.code === 4401 || evenement.code === 4404) {
        return; /* signed out or no longer allowed: do not retry */
      }
      window.setTimeout(function () { connecter(region); }, delai);
      delai = Math.min(delai * 2, 30000);
    });
  }

  function demarrer() {
    var region = document.querySelector("[data-seance-ws]");
    if (!region) {
      return;
    }
    /* After each refresh, screen readers hear the session's state and the file under examination. */
    region.addEventListener("htmx:afterSwap", function () {
      var statut = document.getElementById("direct-statut");
      var annonce = document.getElementById("direct-annonce");
      if (statut && annonce) {
        annonce.textContent = statut.textContent.replace(/\s+/g, " ").trim();
      }
    });
    connecter(region);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", demarrer);
  } else {
    demarrer();
  }
})();
