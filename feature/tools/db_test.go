package tools

import (
	"context"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/store/storetest"
	"folkmoot/tool"
)

var (
	roleRoom = bot.Room{Protocol: bot.XMPP, ID: "assembly@conference.example.org"}
	rt0      = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
)

func TestToolsRegister(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	put := func(name, controller string) {
		if err := putTool(ctx, db, roleRoom, tool.Tool{Name: name, Controller: controller, AddedBy: "ana@example.org", AddedAt: rt0}); err != nil {
			t.Fatal(err)
		}
	}
	put("Mailing list", "a company abroad")
	put("mailing  LIST", "the parish") // the same tool, folded
	put("Pad", "our co-op")
	ts, err := listed(ctx, db, roleRoom)
	if err != nil || len(ts) != 2 || ts[0].Name != "mailing  LIST" || ts[0].Controller != "the parish" {
		t.Fatalf("tools: %+v %v", ts, err)
	}
	if ok, err := removeTool(ctx, db, roleRoom, "Mailing List", "ana@example.org", rt0); !ok || err != nil {
		t.Fatalf("remove: %v %v", ok, err)
	}
	if ok, _ := removeTool(ctx, db, roleRoom, "mailing list", "ana@example.org", rt0); ok {
		t.Error("removed twice")
	}
	if ok, _ := known(ctx, db, roleRoom, "MAILING list"); !ok {
		t.Error("a removed tool is still known")
	}
	put("Mailing list", "us now")
	if ts, _ := listed(ctx, db, roleRoom); len(ts) != 2 {
		t.Errorf("added back: %+v", ts)
	}
}
