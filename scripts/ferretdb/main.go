// Command ferretdb runs FerretDB 1.24 with its SQLite backend as a MongoDB-wire-compatible server
// for Waybill's development stack and tests.
//
// It embeds github.com/FerretDB/FerretDB/ferretdb instead of installing cmd/ferretdb, because the
// latter panics at start when built with `go install` (FerretDB issue #2982).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("sqlite-dir", "", "directory holding the SQLite databases (created if missing)")
	flag.Parse()

	if *dataDir == "" {
		fail("--sqlite-dir is required")
	}
	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		fail(err.Error())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail(err.Error())
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
	})
	if err != nil {
		fail(err.Error())
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(os.Stderr, "ferretdb: listening on %s, data in %s\n", *listen, dir)
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "ferretdb:", msg)
	os.Exit(1)
}
