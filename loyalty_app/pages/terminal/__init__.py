"""The staff terminal of a store: `/store/[store_code]/terminal`."""
