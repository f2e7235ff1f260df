"""The forms in which manuals state a default, each pattern's `value` group its value: "Default: 16384", "(default:
7)", "The default value is 6700.", "defaults to 90 days", "tar (default)", "5432 by default", and the like."""

from __future__ import annotations

import re

# A default stated, its value next: "Default: 16384", "Default: | TimeOut 60" (a table's row), "(default: 7)",
# "The default value is 6700.", "The default setting for SQLITE_MAX_COLUMN is 2000.", "The default for nargs is 1 (…",
# "Default directory is .pytest_cache" (pytest's cache_dir), "(default is 2 weeks ago,", "and the default value, is
# 'utf-8-sig'.", "defaults to 90 days.", "defaulting to min_dims + 2", "with a default of 7", "[default: 12]", "the
# default epsilon limit (1e-5)" (gnuplot's), a line "default value: timedelta(milliseconds=200)" (Hypothesis'
# settings), "the builtin default value (usually 2000)" (HAProxy's), "the default local log socket (/dev/log)", the
# cell of a table whose rows extraction labels by its header ("type: integer | default: 10 | mandatory: no", rsyslog's),
# one word a sentence "By default, …" ends with ("By default, the TemplateLookup size is unbounded.", Mako's).
STATED = re.compile(
    r"(?:(?:\bDefault(?:\s+value)?|^[ \t]*default[ \t]+value):[ \t]*(?:\|[ \t]*)?"
    r"|(?:^|(?<=\| ))default:[ \t]+(?=[^|\n]*(?:\||$))"  # a labelled table's cell: "type: integer | default: 10 | …"
    r"|\b[Dd]efault(?:\s+(?:value|setting))?(?:\s+(?:for|of)(?:\s+[\w.]+){1,3})?,?\s+is:?[ \t]+"
    r"|\b[Dd]efault\s+(?!is\b|value\b|setting\b)[a-z]+(?:\s+[a-z]+)?\s+is[ \t]+(?=[^a-z\s]|[a-z_]\w*[._]\w)"  # a value:
    # not "is available …", a code-like name ("The default dump function is json.dumps.", Jinja's)
    r"|\b[Dd]efault(?:s|ing)\s+to(?:[ \t]+|[ \t]*\n[ \t]*(?=['\"“‘]))"  # a quoted value wrapped onto the next line of a
    # command's help: "Base name of the data files to operate on. Defaults to" / "'.coverage'." (coverage.py's)
    r"|(?:^|(?<=[.!?][ \t]))By\s+default,\s+(?:[\w.-]+\s+){1,6}?(?:is|are)[ \t]+(?=[\w.\-/%'\"]+\.(?:\s|$))"
    r"|\b[Ww]ith\s+a\s+default\s+of[ \t]+"
    r"|\b(?:is|are)\s+by\s+default\s+set\s+to[ \t]+"  # "It is by default set to always." (crmsh's check-frequency)
    r"|\b[Dd]efault(?:\s+[A-Za-z][\w-]*){1,3}[ \t]+\((?=(?:(?:usually|typically|normally)[ \t]+)?[\d\"'/])"
    r"|[(\[][Dd]efault(?:\s+is)?:?[ \t]+)"
    # the value (never a negation: "when the default is not appropriate", systemd's; nor a clause: "The default is that
    # all directories are reported as packages.", coverage.py's): up to a stop that ends a sentence, a comma before a
    # space, a bracket, a table's cell, a dash between spaces ("INFO" of behave's "The default is INFO - capturing
    # everything.") or the line (a comma inside the value stays: "1,000", "definite,possible" of
    # Valgrind's "[default: definite,possible]")
    # a quoted value whole, brackets and all ("'[\s\-]+'", MkDocs' search separator), a list whole ("['search']") and
    # a call ("os.path.basename(sys.argv[0])", argparse's prog)
    r"(?!not\b|that\b)(?P<value>\"[^\"\n]+\"|'[^'\n]+'|“[^”\n]+”|\[[^\[\]\n]*\]|[A-Za-z_][\w.]*\((?:[^()\n]|\([^()\n]*\))*\)"
    r"|[^\s,;()|\]][^;()|\n]*?)"
    r"(?=\.?[ \t]*$|\.\s|\.?[ \t]*(?:[;()|\]]|,(?!\S))|\s+(?:unless|if|when|which|and|or|so)\b|[ \t]+[-–—][ \t])",
    re.MULTILINE,
)
# A value marked as the default after it: "tar (default)", "auto (the default, which will compress very fast)",
# "--warning (default)", "ctime,size,inode (default)"
_MARKED = re.compile(
    r"(?<![^\s(\[\"'‘“])(?P<value>(?:[-+]?\d[\d,.]*[ \t]+)?[^\s()\[\];|\"'‘’“”]*[^\s()\[\];|\"'‘’“”:]):?"
    r"[\"'’”]?[ \t]+(?:[-–—][ \t]+)?"
    r"\((?:the[ \t]+)?[Dd]efault(?:[ \t]+value)?(?:\)|,[ \t])"
)  # a number with its unit whole: "900,000 bytes (the default)" (bzip2's block size); a list's value, a dash
# after it: "Terminal - (the default value) pass through ANSI escape sequences …" (cmd2's allow_style); an item's
# colon after it left out ("dbm" of doit's "dbm: (default) It uses python dbm module.")
# A value said to hold by default after it, where a value is plain: a number, a switch's state, a quoted or code-like
# word ("The TCP port the server listens on; 5432 by default.", "This is on by default."), never a verb's participle
# ("Python's pickle is used by default").
_BY_DEFAULT = re.compile(
    r"(?:(?<=[;:,][ \t])|(?<=\bis[ \t])|(?<=\bare[ \t]))"
    r"(?P<value>[\w.\-/%]*\d[\w.\-/%]*|on|off|enabled|disabled|true|false|True|False|\S*[_/]\S*|\"[^\"\n]+\"|'[^'\n]+')"
    r"[ \t]+by[ \t]+default\b"
)
# A number after what it counts, said to hold by default ("The server listens to port 8000 by default.", http.server's)
_COUNTED = re.compile(r"(?<=[a-z][ \t])(?<!\bis[ \t])(?<!\bare[ \t])(?P<value>\d+(?:\.\d+)?)[ \t]+by[ \t]+default\b")
HEDGE = re.compile(r"(?:typically|usually|normally|currently)[ \t]+(?=\S)")
# A constant's value after its name, which a default states first ("This defaults to
# requests.models.DEFAULT_REDIRECT_LIMIT, which is 30.")
NAMED_VALUE = re.compile(
    r",[ \t]+which[ \t]+is[ \t]+(?P<value>[-+]?\d(?:[\w.]*\w)?|True|False|None|\"[^\"\n]*\"|'[^'\n]*')(?=\.?(?:\s|$))"
)
# A number, with its unit, and what it is for: "The default value is 46 for Expedited Forwarding (EF)." (NTPsec's dscp)
NUMBER_FOR = re.compile(
    r"(?P<number>[-+]?\d[\d.,]*(?:[ \t]?[A-Za-z%]{1,12})?|[~.]?/[\w./-]*|[\w.-]*[_.][\w./-]*"
    r"|‘[^’\n]*’|“[^”\n]*”|'[^'\n]*'|\"[^\"\n]*\")[ \t]+for[ \t]+\S"
)  # or a path or a name that is code: "~/.lynx_cookies for most systems, but ~/cookies for MS-DOS" (Lynx's); or
# a quoted value: "‘rs=0:hd=1:ad=32:de=31:ln=36’ for red deleted lines, …" (GNU diff's --palette)
# A default that is another's name, that one's default stated next: "Defaults to default_key_derivation, which
# defaults to django-concat." (ItsDangerous' Signer)
CHAINED = re.compile(r",[ \t]+which[ \t]+defaults[ \t]+to\b")
# A number or a constant said to be the default setting before what it does ("The default setting of -1 selects a size
# …", "… when given its default argument of None, will be internally set to ["str"]", Mako's default_filters)
_SETTING_OF = re.compile(
    r"\b[Dd]efault[ \t]+(?:value|setting|argument)[ \t]+of[ \t]+(?P<value>[-+]?\d(?:[\w.]*\w)?|True|False|None)(?![\w.])"
)
# A default's measure, counted: "or None to accept the default frequency of 10 seconds" (PyMongo's heartbeatFrequencyMS)
_MEASURE_OF = re.compile(
    r"\b[Dd]efault[ \t]+[a-z]+[ \t]+of[ \t]+(?P<value>\d[\d.,]*[ \t]+"
    r"(?:(?:milli|micro)?seconds?|minutes?|hours?|days?|bytes?|[KMG]i?B|percent))\b"
)
# "default" right before a code-like or quoted value, no verb between, where a clause or line starts: "mode (Optional[int]) –
# the file mode wanted for the cache files, default 0600", "Default hashlib.md5. The hash method used …", or a
# quoted value on the line a command's help wraps it onto ("domains of PO files (space separated list, default" /
# "'messages')", pybabel's)
_BARE = re.compile(
    r"(?:^|(?<=[.!?,;:–—][ \t]))[Dd]efault(?:[ \t]+|[ \t]*\n[ \t]*(?=['\"]))"
    r"(?P<value>[-+]?\d(?:[\w.:/%-]*[\w%/])?(?:[ \t][a-z]+(?=[ \t]\())?"  # a number, with its unit before a bracket
    r"|[A-Za-z_][\w-]*(?:[./][\w-]+)+|True|False|None|on|off|'[^'\n]+'|\"[^\"\n]+\"|“[^”\n]+”|‘[^’\n]+’)"
    r"(?=\.?[ \t]*$|\.\s|[,;)]|[ \t]\()",
    re.MULTILINE,
)
_SENTENCE = re.compile(r"(?:^|(?<=[.!?][ \t]))Default[ \t]+(?P<value>[a-z0-9]+(?:[ \t][a-z]+)?)\.(?=\s|$)", re.M)
# A value among the choices a sentence lists, marked the default after "with": "Versions 1-4 are the choices, with
# version 4 the default." (NTPsec's ntp.conf)
_WITH_THE_DEFAULT = re.compile(
    r"(?<=,[ \t])with[ \t]+(?P<value>[\w.-]+(?:[ \t](?!as\b)[\w.-]+)?)[ \t]+(?:as[ \t]+)?the[ \t]+default\b"
)
STATING = (
    STATED,
    _MARKED,
    _BY_DEFAULT,
    _COUNTED,
    _SETTING_OF,
    _MEASURE_OF,
    _BARE,
    _SENTENCE,
    _WITH_THE_DEFAULT,
)  # what may state one
# The words a value wrapped onto the next line ends with, up to its sentence's stop: "hostname" of "… the local" over
# "    hostname."; not a row's label ("mandatory: no").
WRAPPED = re.compile(r"[ \t]*\n[ \t]*[a-z][\w-]*(?:[ \t]+[a-z][\w-]*)*(?=\.(?:\s|$)|,\s)")
