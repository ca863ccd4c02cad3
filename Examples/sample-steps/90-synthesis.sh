# End of the day: the synthesis of everything above, kept at
# .coordination-sample/synthesis/2026-11-20.md (the tool's own output).
at 23:55; "$COORD" synthesize --date 2026-11-20 >/dev/null
