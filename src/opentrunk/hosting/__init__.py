"""Number hosting: qualified numbers, hosting orders and imported numbers (Sinch's
Imported Numbers & Hosting Orders API). ``states.py`` holds every state machine."""
