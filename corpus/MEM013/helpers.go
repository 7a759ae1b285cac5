package mem013

import (
	"fmt"
	"net"
	"time"
)

// Profile is what caches below keep per user.
type Profile struct {
	ID     string
	Avatar []byte
}

// Session is a logged-in user's state.
type Session struct {
	Token   string
	User    *Profile
	Expires time.Time
}

// Client is one connected peer.
type Client struct {
	ID   string
	Conn net.Conn
}

// Codec encodes payloads.
type Codec interface {
	Encode(v interface{}) ([]byte, error)
}

// Level is a log level: a small enum of named constants.
type Level int

const (
	LevelDebug Level = iota
	LevelInfo
	LevelWarn
	LevelError
)

// Region is a typed string constant set.
type Region string

const (
	RegionEU Region = "eu"
	RegionUS Region = "us"
)

func logf(format string, args ...interface{}) { fmt.Printf(format+"\n", args...) }

func fetchProfile(id string) *Profile { return &Profile{ID: id} }
