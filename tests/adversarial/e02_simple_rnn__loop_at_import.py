"""Hostile e02: loops forever while being imported.

Expect: reached while importing it
"""

while True:
    pass
