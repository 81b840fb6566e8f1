from multiprocessing import Pool  # a dependency's own parallelism, not the handler's
