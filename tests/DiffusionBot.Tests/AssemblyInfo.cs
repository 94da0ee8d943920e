// End-to-end tests each start a real host and a fake Discord; run them one at a time so timings stay honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
