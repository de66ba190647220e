package store

// Generation counts the committed write transactions of this process: a
// cache of derived figures (the to-do counts of the navigation) is valid
// while it stays the same.
func (s *Store) Generation() int64 { return s.gen.Load() }
