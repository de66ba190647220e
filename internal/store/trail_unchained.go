//go:build jixiao_trail_unchained

package store

// TrailChained is false in this measurement build: trail rows are written
// without seq and hash, and `trail verify` reports them as outside the
// chain. Never serve from this build.
const TrailChained = false
