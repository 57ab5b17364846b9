package models

import "sync"

// GroupCommit batches writes the way a database's group commit does: while one write is
// in flight, the items that arrive queue up and go together in the next, at most Max at a
// time. Nothing waits for a batch to fill: an item on a quiet server is written at once,
// alone. The zero value is ready to use (Max 0 means no cap); callers wait for their own
// item's result however write reports it (a channel per item, say).
type GroupCommit[T any] struct {
	Max int
	// Observe, when set, hears each batch's size before it is written.
	Observe func(size int)

	mu      sync.Mutex
	pending []T
	writing bool // a goroutine is draining pending
}

// Add queues item and, if no writer is running, starts one that calls write with each
// batch until none is left.
func (g *GroupCommit[T]) Add(item T, write func(batch []T)) {
	g.mu.Lock()
	g.pending = append(g.pending, item)
	start := !g.writing
	g.writing = true
	g.mu.Unlock()
	if start {
		go g.drain(write)
	}
}

func (g *GroupCommit[T]) drain(write func(batch []T)) {
	for {
		g.mu.Lock()
		batch := g.pending
		if g.Max > 0 && len(batch) > g.Max {
			batch, g.pending = batch[:g.Max:g.Max], batch[g.Max:]
		} else {
			g.pending = nil
		}
		if len(batch) == 0 {
			g.writing = false
			g.mu.Unlock()
			return
		}
		g.mu.Unlock()
		if g.Observe != nil {
			g.Observe(len(batch))
		}
		write(batch)
	}
}

// GroupCommitOf is the store's group-commit writer called name, made with max on first
// use. An area's view of the store is made afresh by Of, so the writer lives here, one
// per store, and every view finds the same one.
func GroupCommitOf[T any](s *Store, name string, max int) *GroupCommit[T] {
	if g, ok := s.writers.Load(name); ok {
		return g.(*GroupCommit[T])
	}
	g, _ := s.writers.LoadOrStore(name, &GroupCommit[T]{Max: max, Observe: func(size int) {
		if fn := s.onBatch.Load(); fn != nil {
			(*fn)(name, size)
		}
	}})
	return g.(*GroupCommit[T])
}

// ObserveBatches has fn hear the size of every batch the store's group-commit writers
// write (the server's metrics). The last call wins: one server per store in production.
func (s *Store) ObserveBatches(fn func(writer string, size int)) { s.onBatch.Store(&fn) }
