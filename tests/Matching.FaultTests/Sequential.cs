// One test at a time: a broker restart or a crashed service must not land in the middle of another test,
// and the 2-core machine is busy enough with one system of three services.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
