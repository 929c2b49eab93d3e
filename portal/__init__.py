"""The portal as a whole: what gathers every app, so that no app and not `aer_portal` has to.

`aer_portal` (settings, toolkit, rules) sits under the apps and imports none of them; this app
sits on top of them all (members, governance, fees, working_groups, elections) and imports each
explicitly: the dashboard's panels, the /rules/ page's values in force, the roles middleware
(Board seats are governance's), the demo data (`seed_demo`) and the benchmark (`bench`).
Adding an app to one of these means adding one import here, where a reader looks for it.
"""
