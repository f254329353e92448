"""Writing commands as publications: each run works on a new generation of the warehouse under the
warehouse's lock, records itself in the run log and publishes in one step, or leaves the published
warehouse and its folders as they were."""
