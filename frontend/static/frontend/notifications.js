/* Real-time events for the signed-in user (Channels, /ws/notifications/).
 *
 * Messages carry an event name and ids, never personal data. Each one is re-dispatched on <body>
 * as a DOM event "proche:<event name>" (detail: {ids}); page regions refetch through the scoped
 * views with htmx, e.g. hx-trigger="proche:orientation.repondue from:body". After a lost
 * connection, "proche:reconnexion" tells every region to catch up.
 */
(function () {
  "use strict";
  var delai = 1000;
  var connexionPerdue = false;

  function emettre(nom, detail) {
    document.body.dispatchEvent(new CustomEvent("proche:" + nom, { bubbles: true, detail: detail || {} }));
  }

  function connecter() {
    var protocole = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(protocole + window.location.host + "/ws/notifications/");
    socket.addEventListener("open", function () {
      delai = 1000;
      if (connexionPerdue) {
        connexionPerdue = false;
        emettre("reconnexion");
      }
    });
    socket.addEventListener("message", function (evenement) {
      var message;
      try {
        message = JSON.parse(evenement.data);
      } catch (erreur) {
        return;
      }
      if (message.type === "evenement" && typeof message.evenement === "string") {
        emettre(message.evenement, { ids: message.ids || [] });
      }
    });
    socket.addEventListener("close", function (evenement) {
      if (evenement.code === 4401) {
        return; /* signed out: do not retry */
      }
      connexionPerdue = true;
      window.setTimeout(connecter, delai);
      delai = Math.min(delai * 2, 30000);
    });
  }

  if (document.body && document.body.dataset.temps_reel === "oui") {
    connecter();
  }
})();
