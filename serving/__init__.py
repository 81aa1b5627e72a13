"""How the app is served: optional login in front of every route (`serving.auth`) and the users-file
command line (`python -m serving.users`). Imports Flask, Werkzeug and Authlib; never data/ or layouts/."""
