-- Message content is ciphertext, which does not compress, and a typical credential message is a
-- few KiB. By default PostgreSQL tries to compress any row over ~2 KiB and then moves the value to
-- the TOAST table, so every message of a page costs a TOAST index lookup and two chunk reads.
-- EXTERNAL: never try to compress; toast_tuple_target 8160 (the maximum): keep rows up to a page
-- inline, so a page query reads each message from the heap tuple the index points to. Larger
-- messages still go to TOAST, uncompressed. Applies to rows written from now on.
ALTER TABLE messages ALTER COLUMN content SET STORAGE EXTERNAL;
ALTER TABLE messages SET (toast_tuple_target = 8160);
