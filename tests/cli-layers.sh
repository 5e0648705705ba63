#!/bin/sh
# `make layers`' check (tools/check-layers): the tree passes, and each kind
# of upward include planted in a copy of it is caught and named.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

./tools/check-layers src >"$tmp/out" || { cat "$tmp/out"; echo "src/ has an upward include"; exit 1; }

# plant FILE LINE: copy src/, add LINE to the top of FILE, expect a refusal
# that names FILE.
plant() {
	rm -rf "$tmp/src" && cp -r src "$tmp/src"
	{ echo "$2"; cat "$tmp/src/$1"; } >"$tmp/x" && mv "$tmp/x" "$tmp/src/$1"
	if ./tools/check-layers "$tmp/src" >"$tmp/out"; then
		echo "not caught: $2 in $1"; exit 1
	fi
	grep -q "^$1:1:" "$tmp/out" || { cat "$tmp/out"; echo "not named: $1"; exit 1; }
}
plant core/buf.c '#include "web/http.h"'
plant model/answer.h '#include "store/store.h"'
plant store/store.c '#include "export/export.h"'
plant web/widgets/fields.c '#include "web/pages/plan.h"'
plant export/md.c '#  include "cli/cmd.h"'
plant web/router.c '#include "store/backend.h"'
plant mail/smtp.c '#include "import/md-tree.h"'
plant auth/auth.c '#include "mail/message.h"'
# Pages never call pages: one page's header in another page, or in
# another page's header, is refused; a page's own header is not.
plant web/pages/share.c '#include "web/pages/plan.h"'
plant web/pages/cohort.h '#include "web/pages/review.h"'
rm -rf "$tmp/src" && cp -r src "$tmp/src"
{ echo '#include "web/pages/share.h"'; cat src/web/pages/share.c; } >"$tmp/src/web/pages/share.c"
./tools/check-layers "$tmp/src" >"$tmp/out" || { cat "$tmp/out"; echo "a page's own header refused"; exit 1; }
echo "ok: layers hold, and ten planted includes that break a rule are caught"
