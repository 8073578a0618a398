// One test at a time: the cluster's nodes have fixed names and ports, and a node killed for one test must not land
// in the middle of another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
