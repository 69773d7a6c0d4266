// Queue integration tests live here.
