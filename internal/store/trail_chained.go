//go:build !jixiao_trail_unchained

package store

// TrailChained says trail rows are chained (trail.go). Only a build with
// the tag jixiao_trail_unchained turns it off, to measure what the chain
// costs (README, Performance); such a build must never serve anyone.
const TrailChained = true
