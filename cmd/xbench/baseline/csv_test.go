package baseline

import (
	"context"
	"strings"
	"testing"
)

func TestCSVTouchesEveryField(t *testing.T) {
	for _, tc := range []struct {
		name, in               string
		records, fields, bytes int64
		wantErr                bool
	}{
		{name: "empty", in: ""},
		{name: "header only", in: "a,b\n", records: 1, fields: 2, bytes: 2},
		{name: "ragged and quoted", in: "a,b\n\"x,y\",z\n1\n", records: 3, fields: 5, bytes: 2 + 3 + 1 + 1},
		{name: "bare quote", in: "a\"b,c\n", records: 0, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CSV(context.Background(), strings.NewReader(tc.in))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if tc.wantErr {
				return
			}
			want := CSVResult{Records: tc.records, Fields: tc.fields, Bytes: tc.bytes}
			if got != want {
				t.Errorf("CSV = %+v, want %+v", got, want)
			}
		})
	}
}
